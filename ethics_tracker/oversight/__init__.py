"""Oversight (issue K): how the ethics system works, shown to the board, the members and
the public. The figures (``statistics``) as tables that every interface renders the same
way (``figures.Table``): the dashboard's charts, the CSV downloads, the statistics API and
the annual ethics report (HTML and PDF). It reads the apps below it and writes only its
own record, the annual report; the register of decisions is the cases app's.
"""
