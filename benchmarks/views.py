"""The benchmark's two yardsticks, behind the same middleware as every page. Routed only when
DJANGO_BENCHMARK=1, which production refuses.

- `plaintext`: the least a Django view can answer (TechEmpower's "plaintext" test): what the
  middleware, the URL resolver and the app server cost by themselves.
- `values`: the least a view can do over the same table as the API: 20 rows of trade figures
  from `values()`, as JSON, without DRF, serializers or translations.
"""

from django.http import HttpResponse, JsonResponse

from cooperation.models import TradeStatistic


def plaintext(request):
    return HttpResponse(b"Hello, World!", content_type="text/plain")


def values(request):
    rows = list(TradeStatistic.objects.values()[:20])
    return JsonResponse(rows, safe=False)
