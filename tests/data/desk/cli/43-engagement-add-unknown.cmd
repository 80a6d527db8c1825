desk engagement add U10001 --date 2026-11-02 --stakeholder 7 --purpose "Visit"
exit 1
