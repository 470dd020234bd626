"""The JSON API (django-ninja): same services and same permission layer as the pages."""
