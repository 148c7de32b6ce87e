SELECT occurred_on, date_precision, kind, summary, document_slug,
       occurred_on || ' '
         || CASE date_precision WHEN 'year' THEN '1' WHEN 'month' THEN '2' ELSE '3' END
         || kind_rank || ' ' || substr(CAST(10000000000 + fact_id AS TEXT), 2) AS sort_key,
       fact_id, quote
FROM (
    SELECT e.occurred_on AS occurred_on, e.date_precision AS date_precision,
           'event' AS kind, '1' AS kind_rank, e.name AS summary, d.slug AS document_slug,
           e.id AS fact_id, e.quote AS quote
    FROM events AS e
    LEFT JOIN documents AS d ON d.id = e.document_id
    WHERE e.occurred_on IS NOT NULL
    UNION ALL
    SELECT d.published_on, 'day', 'document', '2',
           'Published: ' || d.title || ' (' || d.publisher || ')', d.slug, d.id, NULL
    FROM documents AS d
    UNION ALL
    SELECT imposed_on, date_precision, 'sanction', '3',
           imposed_by || ' sanctioned ' || target || COALESCE(' (' || regime || ')', ''),
           document_slug, sanction_id, quote
    FROM v_sanctions
    WHERE imposed_on IS NOT NULL
      AND EXISTS (SELECT 1 FROM acts AS a
                   WHERE a.fact_id = v_sanctions.sanction_id AND a.kind = 'sanctions'
                     AND NOT EXISTS (SELECT 1 FROM acts AS part WHERE part.part_of_id = a.id))
    UNION ALL
    SELECT stated_on, date_precision, 'statement', '4',
           speaker || COALESCE(' (' || speaker_role || ')', '') || ': ' || text,
           document_slug, statement_id, quote
    FROM v_statements
    WHERE stated_on IS NOT NULL
      AND EXISTS (SELECT 1 FROM acts AS a WHERE a.fact_id = v_statements.statement_id AND a.kind = 'statements')
    UNION ALL
    SELECT stated_on, date_precision, 'demand', '5',
           demanded_by
             || CASE demand_kind WHEN 'appeal' THEN ' appealed' || COALESCE(' to ' || addressee, '')
                ELSE ' demanded' || COALESCE(' of ' || addressee, '') END
             || ': ' || demand,
           document_slug, demand_id, quote
    FROM v_demands
    WHERE stated_on IS NOT NULL
      AND EXISTS (SELECT 1 FROM acts AS a WHERE a.fact_id = v_demands.demand_id AND a.kind = 'demands')
) AS facts
