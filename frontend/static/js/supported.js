// Marks the page as able to run GOV.UK Frontend's components before they are drawn.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
