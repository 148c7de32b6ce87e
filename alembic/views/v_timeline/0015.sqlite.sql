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
    SELECT a.occurred_on, a.date_precision, 'sanction', '3',
           v.imposed_by || ' sanctioned ' || v.target || COALESCE(' (' || v.regime || ')', ''),
           v.document_slug, v.sanction_id, v.quote
    FROM v_sanctions AS v
    JOIN sanctions AS f ON f.id = v.sanction_id
    JOIN acts AS a ON a.id = f.act_id
    WHERE a.occurred_on IS NOT NULL
      AND f.id = (SELECT MIN(o.id) FROM sanctions AS o WHERE o.act_id = f.act_id)
      AND NOT EXISTS (SELECT 1 FROM acts AS part WHERE part.part_of_id = a.id)
    UNION ALL
    SELECT a.occurred_on, a.date_precision, 'statement', '4',
           v.speaker || COALESCE(' (' || v.speaker_role || ')', '') || ': ' || v.text,
           v.document_slug, v.statement_id, v.quote
    FROM v_statements AS v
    JOIN statements AS f ON f.id = v.statement_id
    JOIN acts AS a ON a.id = f.act_id
    WHERE a.occurred_on IS NOT NULL
      AND f.id = (SELECT MIN(o.id) FROM statements AS o WHERE o.act_id = f.act_id)
    UNION ALL
    SELECT a.occurred_on, a.date_precision, 'demand', '5',
           v.demanded_by
             || CASE v.demand_kind WHEN 'appeal' THEN ' appealed' || COALESCE(' to ' || v.addressee, '')
                ELSE ' demanded' || COALESCE(' of ' || v.addressee, '') END
             || ': ' || v.demand,
           v.document_slug, v.demand_id, v.quote
    FROM v_demands AS v
    JOIN demands AS f ON f.id = v.demand_id
    JOIN acts AS a ON a.id = f.act_id
    WHERE a.occurred_on IS NOT NULL
      AND f.id = (SELECT MIN(o.id) FROM demands AS o WHERE o.act_id = f.act_id)
) AS facts
