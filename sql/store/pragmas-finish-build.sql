-- Leave the finished file in the ordinary rollback-journal mode, with fresh planner statistics.
PRAGMA journal_mode = DELETE;
PRAGMA optimize;
