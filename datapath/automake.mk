# datapath: filled in by the switchd issue.
