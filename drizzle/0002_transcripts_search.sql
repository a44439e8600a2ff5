-- Full-text search over transcripts in Russian (calls.service.ts uses the same expression).
CREATE INDEX IF NOT EXISTS transcripts_fts_idx ON transcripts USING gin (to_tsvector('russian', jsonb_path_query_array(turns, '$[*].text')));
