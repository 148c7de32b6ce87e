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
       authority_in.via AS imposed_by_via,
       target_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = s.act_id) AS act
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON s.authority_id = authority.id
JOIN actor_states AS authority_in ON authority_in.actor_id = s.authority_id AND authority_in.sole
JOIN states AS authority_state ON authority_state.actor_id = authority_in.state_id
JOIN actors AS target ON s.target_id = target.id
JOIN actor_states AS target_in ON target_in.actor_id = s.target_id AND target_in.sole
JOIN states AS target_state ON target_state.actor_id = target_in.state_id
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id
UNION ALL
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
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       s.reason AS reason,
       s.measures AS measures,
       e.name AS event,
       s.key AS sanction_key,
       authority_in.via AS imposed_by_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = s.act_id) AS act
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON s.authority_id = authority.id
JOIN actor_states AS authority_in ON authority_in.actor_id = s.authority_id AND authority_in.sole
JOIN states AS authority_state ON authority_state.actor_id = authority_in.state_id
JOIN actors AS target ON s.target_id = target.id
LEFT JOIN actor_states AS target_in ON target_in.actor_id = s.target_id AND target_in.sole
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id
WHERE target_in.actor_id IS NULL
UNION ALL
SELECT s.id AS sanction_id,
       d.slug AS document_slug,
       COALESCE(authority.name, authority.description) AS imposed_by,
       CAST(NULL AS VARCHAR(3)) AS imposed_by_iso3,
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
       CAST(NULL AS VARCHAR(10)) AS imposed_by_via,
       target_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = s.act_id) AS act
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON s.authority_id = authority.id
LEFT JOIN actor_states AS authority_in ON authority_in.actor_id = s.authority_id AND authority_in.sole
JOIN actors AS target ON s.target_id = target.id
JOIN actor_states AS target_in ON target_in.actor_id = s.target_id AND target_in.sole
JOIN states AS target_state ON target_state.actor_id = target_in.state_id
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id
WHERE authority_in.actor_id IS NULL
UNION ALL
SELECT s.id AS sanction_id,
       d.slug AS document_slug,
       COALESCE(authority.name, authority.description) AS imposed_by,
       CAST(NULL AS VARCHAR(3)) AS imposed_by_iso3,
       r.name AS regime,
       COALESCE(target.name, target.description) AS target,
       target.kind AS target_kind,
       s.imposed_on AS imposed_on,
       s.date_precision AS date_precision,
       s.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       s.reason AS reason,
       s.measures AS measures,
       e.name AS event,
       s.key AS sanction_key,
       CAST(NULL AS VARCHAR(10)) AS imposed_by_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = s.act_id) AS act
FROM sanctions AS s
JOIN documents AS d ON d.id = s.document_id
JOIN actors AS authority ON s.authority_id = authority.id
LEFT JOIN actor_states AS authority_in ON authority_in.actor_id = s.authority_id AND authority_in.sole
JOIN actors AS target ON s.target_id = target.id
LEFT JOIN actor_states AS target_in ON target_in.actor_id = s.target_id AND target_in.sole
LEFT JOIN sanction_regimes AS r ON r.id = s.regime_id
LEFT JOIN events AS e ON e.id = s.event_id
WHERE authority_in.actor_id IS NULL
  AND target_in.actor_id IS NULL
