SELECT e.id AS event_id,
       e.name AS event,
       e.event_type AS event_type,
       e.occurred_on AS occurred_on,
       e.date_precision AS date_precision,
       COALESCE(a.name, a.description) AS participant,
       a.kind AS participant_kind,
       a_state.iso_alpha3 AS participant_iso3,
       p.role AS role,
       d.slug AS document_slug,
       p.id AS participation_id,
       e.key AS event_key,
       p.quote AS quote,
       CASE WHEN a_state.actor_id IS NULL THEN NULL WHEN a_state.actor_id = a.id THEN 'state'
            WHEN a.kind = 'person' THEN 'official' ELSE 'organ' END AS participant_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = p.act_id) AS act
FROM event_participants AS p
JOIN events AS e ON e.id = p.event_id
JOIN actors AS a ON p.actor_id = a.id
LEFT JOIN states AS a_state ON a_state.actor_id = a.state_id
JOIN documents AS d ON d.id = p.document_id
