# Large numbers grouped by thousands with commas, as mainland statistics releases print them.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# The day and month of a date range without a leading zero: 12月1日 (Django's default gives 12月01日
# and 09月5日).
MONTH_DAY_FORMAT = "n月j日"
