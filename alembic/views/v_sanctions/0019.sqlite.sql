SELECT s.id AS sanction_id,
       d.slug AS document_slug,
       COALESCE(authority.name, authority.description) AS imposed_by,
       authority_state.iso_alpha3 AS imposed_by_iso3,
       r.name AS regime,
       COALESCE(target.name, target.description) AS target,
       target.kind AS target_kind,
       s.imposed_on AS imposed_on,
       s.date_precision AS date_precision,
       s.quote AS quote,
       target_state.iso_alpha3 AS target_iso3,
       s.reason AS reason,
       s.measures AS measures,
       e.name AS event,
       s.key AS sanction_key,
       CASE WHEN authority_state.actor_id IS NULL THEN NULL WHEN authority_state.actor_id = authority.id THEN 'state'
            WHEN authority.kind = 'person' THEN 'official' ELSE 'organ' END AS imposed_by_via,
       CASE WHEN target_state.actor_id IS NULL THEN NULL WHEN target_state.actor_id = target.id THEN 'state'
            WHEN target.kind = 'person' THEN 'official' ELSE 'organ' END AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = s.act_id) AS act
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON s.authority_id = authority.id
LEFT JOIN states AS authority_state ON authority_state.actor_id = authority.state_id
JOIN actors AS target ON s.target_id = target.id
LEFT JOIN states AS target_state ON target_state.actor_id = target.state_id
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id
