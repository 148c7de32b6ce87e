SELECT COALESCE(a.name, a.description) AS state,
       s.iso_alpha3 AS iso3,
       (SELECT COUNT(*) FROM (
            SELECT st.id FROM actor_states AS m
            JOIN statements AS st ON st.speaker_id = m.actor_id
            WHERE m.state_id = s.actor_id
            UNION
            SELECT st.id FROM actor_states AS m
            JOIN statements AS st ON st.on_behalf_of_id = m.actor_id
            WHERE m.state_id = s.actor_id) AS x) AS statements,
       (SELECT COUNT(DISTINCT dm.id) FROM actor_states AS m
         JOIN demands AS dm ON dm.demanded_by_id = m.actor_id
         WHERE m.state_id = s.actor_id) AS demands_made,
       (SELECT COUNT(DISTINCT dm.id) FROM actor_states AS m
         JOIN demands AS dm ON dm.addressee_id = m.actor_id
         WHERE m.state_id = s.actor_id) AS demands_received,
       (SELECT COUNT(DISTINCT sn.id) FROM actor_states AS m
         JOIN sanctions AS sn ON sn.authority_id = m.actor_id
         WHERE m.state_id = s.actor_id) AS sanctions_imposed,
       (SELECT COUNT(DISTINCT sn.id) FROM actor_states AS m
         JOIN sanctions AS sn ON sn.target_id = m.actor_id
         WHERE m.state_id = s.actor_id) AS sanctions_received,
       (SELECT COUNT(*) FROM (
            SELECT e.id FROM actor_states AS m
            JOIN events AS e ON e.location_id = m.actor_id
            WHERE m.state_id = s.actor_id
            UNION
            SELECT p.event_id FROM actor_states AS m
            JOIN event_participants AS p ON p.actor_id = m.actor_id
            WHERE m.state_id = s.actor_id) AS x) AS events,
       s.iso_alpha2 AS iso2
FROM states AS s
JOIN actors AS a ON a.id = s.actor_id
WHERE EXISTS (SELECT 1 FROM actor_states AS m JOIN statements AS st ON st.speaker_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN statements AS st ON st.on_behalf_of_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN demands AS dm ON dm.demanded_by_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN demands AS dm ON dm.addressee_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN sanctions AS sn ON sn.authority_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN sanctions AS sn ON sn.target_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN events AS e ON e.location_id = m.actor_id
               WHERE m.state_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM actor_states AS m JOIN event_participants AS p ON p.actor_id = m.actor_id
               WHERE m.state_id = s.actor_id)
