"""The benchmark's yardstick: the least a Django view can do over the same table, behind the same
middleware. Routed only when DJANGO_BENCHMARK=1, which production refuses."""

from django.http import JsonResponse

from cooperation.models import TradeStatistic


def baseline(request):
    rows = list(TradeStatistic.objects.values()[:20])
    return JsonResponse(rows, safe=False)
