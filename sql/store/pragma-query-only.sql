-- A user's query connection: refuse any statement that would change the database.
PRAGMA query_only = ON;
