SELECT a.id AS actor_id,
       a.key AS actor_key,
       COALESCE(a.name, a.description) AS actor,
       a.kind AS kind,
       s.iso_alpha3 AS iso3,
       a.name AS name,
       a.description AS description,
       a.wikidata_id AS wikidata_id,
       (SELECT string_agg(value, '; ' ORDER BY value) FROM (SELECT DISTINCT n.name AS value FROM actor_names AS n
                                   WHERE n.actor_id = a.id AND n.name_type = 'name') AS x) AS names,
       (SELECT string_agg(value, '; ' ORDER BY value) FROM (SELECT DISTINCT n.name AS value FROM actor_names AS n
                                   WHERE n.actor_id = a.id AND n.name_type = 'alias') AS x) AS aliases,
       (SELECT string_agg(value, '; ' ORDER BY value) FROM (SELECT DISTINCT COALESCE(r.role, 'a post') || ', '
                                          || COALESCE(o.name, o.description) AS value
                                   FROM actor_relations AS r JOIN actors AS o ON o.id = r.object_id
                                   WHERE r.subject_id = a.id AND r.relation = 'holds_position') AS x) AS posts
FROM actors AS a
LEFT JOIN states AS s ON s.actor_id = a.id
