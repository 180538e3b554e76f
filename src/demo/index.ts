// The demo dataset tilery loads on an empty embedded database: countries, their label
// points, and their borders and coastlines.
export { DEMO_TABLES, loadDemoData, type DemoQuery } from './load.ts';
