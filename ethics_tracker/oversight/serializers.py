"""The statistics API's answers: ``Table.as_dict()`` as documented JSON (no model behind)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A cell is a label (text), a count (integer), days or a share (number), or null when
# there is nothing to measure (no case to time, no member to count).
CELL_SCHEMA = {
    "anyOf": [{"type": "string"}, {"type": "number"}],
    "nullable": True,
    "description": "The row's label, a count, days, or a share from 0 to 1; null if unmeasured.",
}


@extend_schema_field(CELL_SCHEMA)
class CellField(serializers.Field):
    def to_representation(self, value):
        return value


class FigureColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text="In the language of the request.")
    kind = serializers.CharField(
        help_text="label, count, days (median or percentile, null when unmeasured) or "
        "share (0 to 1)."
    )


class FigureTableSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable: also the name of the table's CSV download.")
    title = serializers.CharField()
    columns = FigureColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.ListField(child=CellField()),
        help_text="One list per row, values in the order of the columns.",
    )
    chart = serializers.CharField(help_text="bars, columns, or empty for a table only.")
    chart_columns = serializers.ListField(
        child=serializers.CharField(), help_text="The keys of the columns the chart draws."
    )
    note = serializers.CharField(allow_blank=True, help_text="How the figures are counted.")


class FiguresPeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class StatisticsSerializer(serializers.Serializer):
    period = FiguresPeriodSerializer(help_text="Both days included.")
    code = serializers.CharField(
        allow_null=True, help_text="The code asked for (its short name), or null for all."
    )
    tables = FigureTableSerializer(many=True)
