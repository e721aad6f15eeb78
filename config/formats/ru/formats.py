# Django's own Russian formats, except the day and month of a date range: "30 ноября", in the
# genitive (its default, "j F", gives the nominative "30 Ноябрь").
MONTH_DAY_FORMAT = "j E"
