# Dates as journalists and official documents write them: 18 May 2023, May 2014.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
# A moment, as the change log dates its entries: 6 December 2026, 09:13.
DATETIME_FORMAT = "j F Y, H:i"
