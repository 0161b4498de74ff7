# ofproto: filled in by the switchd issue.
