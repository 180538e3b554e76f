-- The benchmark's data, deterministic: buildings clustered in city-sized areas, roads, points
-- with a category and a timestamp, and country-like polygons. :scale multiplies the sizes.
SELECT setseed(0.42);

CREATE TABLE public.cities AS
SELECT i AS id, -120 + (i * 37.7) % 240 AS lon, -50 + (i * 23.3) % 110 AS lat
FROM generate_series(1, 40) AS i;

CREATE TABLE public.buildings (id integer PRIMARY KEY, kind text, height real, geom geometry(Polygon, 3857));
INSERT INTO public.buildings
SELECT i, (ARRAY['house', 'shop', 'office', 'school'])[1 + i % 4], 3 + (i % 40),
       ST_Transform(ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 0.4, c.lat + (random() - 0.5) * 0.3), 4326), 0.0004, 2), 3857)
FROM generate_series(1, 200000 * :scale) AS i JOIN public.cities c ON c.id = 1 + i % 40;
CREATE INDEX ON public.buildings USING gist (geom);

CREATE TABLE public.roads (id integer PRIMARY KEY, class text, geom geometry(LineString, 4326));
INSERT INTO public.roads
SELECT i, (ARRAY['primary', 'secondary', 'residential'])[1 + i % 3],
       ST_SetSRID(ST_MakeLine(ST_MakePoint(c.lon + (random() - 0.5) * 0.5, c.lat + (random() - 0.5) * 0.4),
                              ST_MakePoint(c.lon + (random() - 0.5) * 0.5, c.lat + (random() - 0.5) * 0.4)), 4326)
FROM generate_series(1, 100000 * :scale) AS i JOIN public.cities c ON c.id = 1 + i % 40;
CREATE INDEX ON public.roads USING gist (geom);

CREATE TABLE public.pois (id integer PRIMARY KEY, category text, seen_at timestamptz, geom geometry(Point, 4326));
INSERT INTO public.pois
SELECT i, (ARRAY['cafe', 'bank', 'park', 'stop', 'shop'])[1 + i % 5], TIMESTAMPTZ '2024-01-01' + make_interval(mins => i),
       ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 2, c.lat + (random() - 0.5) * 1.5), 4326)
FROM generate_series(1, 1000000 * :scale) AS i JOIN public.cities c ON c.id = 1 + i % 40;
CREATE INDEX ON public.pois USING gist (geom);

CREATE TABLE public.countries (id integer PRIMARY KEY, name text, geom geometry(MultiPolygon, 4326));
INSERT INTO public.countries
SELECT i, 'country ' || i, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326), 6, 16))
FROM public.cities c JOIN generate_series(1, 40) AS i ON i = c.id;
CREATE INDEX ON public.countries USING gist (geom);

-- (run.ts analyzes the tables afterwards: VACUUM cannot run in a multi-statement query)
