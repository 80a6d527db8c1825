desk engagement add U10001 --date 2026-11-02 --stakeholder 1 --purpose "Surgery visit" --asks "Support for premises" --follow-up 2026-11-16
