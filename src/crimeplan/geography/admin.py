from django.contrib import admin

from .models import District, Force, Lsoa


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["short_name", "police_uk_id", "ons_code", "country"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "force"]
    exclude = ["boundary"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Lsoa)
class LsoaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "population_2021"]
    list_filter = ["district"]
    search_fields = ["code", "name"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
