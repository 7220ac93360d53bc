from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Stable, O(1)-per-page pagination for collections that grow without bound."""

    ordering: tuple[str, ...] = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200
