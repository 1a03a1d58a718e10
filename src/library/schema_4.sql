-- The library's schema, the query layer's step (library/search): one
-- index, so that the names a person answers to are read without reading
-- every story they speak in. Run once, in one transaction, by db.rs.

-- The aliases each person was known by, apart from the many appearances
-- with none: `@josh earnest` asks for Josh Earnest's aliases, and the
-- index answers from its entries alone.
CREATE INDEX appearances_aliases ON appearances (speaker_id, aliases)
    WHERE aliases <> '[]';
