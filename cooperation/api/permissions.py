"""Who may do what through the API: Django's model permissions, anyone reading."""

from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's, with the model taken from the view's `queryset` where it names one. The check
    needs only the model; DRF asks `get_queryset()` for it, which builds the view's whole
    queryset (visibility, prefetches) a second time on every request."""

    def _queryset(self, view):
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)
