// Starts GOV.UK Frontend's components. Every page also works without JavaScript.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
