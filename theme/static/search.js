// search UI: filled by the search module
