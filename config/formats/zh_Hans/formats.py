# Large numbers grouped by thousands with commas, as mainland statistics releases print them.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
