-- PostgreSQL port of db/migration/V6__regions.sql.
-- Resources are per region, as in AWS: a cluster or task definition family name may be taken once in
-- each region. The keys that held a bare name now hold the ARN, which names the region:
-- clusters by ARN; services, tasks and container instances scoped by their cluster's ARN; task
-- definitions by ARN, scoped by their family's ARN (the ARN without ':REVISION').
UPDATE clusters SET id = body::json ->> 'clusterArn';
UPDATE services SET scope = body::json ->> 'clusterArn';
UPDATE tasks SET scope = body::json ->> 'clusterArn';
UPDATE container_instances SET scope = body::json ->> 'clusterArn';
UPDATE task_definitions SET
    id = body::json ->> 'taskDefinitionArn',
    scope = left(
        body::json ->> 'taskDefinitionArn',
        length(body::json ->> 'taskDefinitionArn') - length(body::json ->> 'revision') - 1);
