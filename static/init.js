// Starts the NHS design system's progressive enhancements (nhs-ui.md §1.2).
// Every page works without it.
import { initAll } from '/javascripts/nhsuk-frontend-10.6.1.min.js'
initAll()
