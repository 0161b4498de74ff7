# switchd: filled in by the switchd issue.
