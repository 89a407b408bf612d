// `ifacelens profile --format json`, /api/profile.
import type { Position, SCHEMA_VERSION, SiteReport } from './report.js';

export interface ProfileSiteReport {
  position: Position;
  function: string;
  kind: SiteReport['kind'];
  /** allocation totals from the profile (estimates unless the profile is exact) */
  allocBytes: number | null;
  allocObjects: number | null;
  inuseBytes: number | null;
  inuseObjects: number | null;
  /** share of all allocation of the chosen sample type in the profile */
  share: number;
  samples: number;
  /** several sites on one line could have made the samples; they were split evenly */
  ambiguous: boolean;
  /** why the figures may not be this site's alone */
  note?: string;
  static: SiteReport;
}

export interface ProfileReport {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  profile: {
    source: string;
    sampleTypes: string[];
    sampleIndex: string;
    /** MemProfileRate for heap profiles; 1 = every allocation recorded */
    period: number;
    /** true when every allocation was recorded; otherwise values are runtime/pprof's scaled estimates */
    exact: boolean;
    samples: number;
    total: number;
  };
  /** allocation of the chosen type at interface sites, and its share of the profile */
  interfaces: { total: number; share: number };
  /** samples in the analysed packages at lines with no interface site, and outside them */
  unmatched: { inPackages: { samples: number; total: number }; outside: { samples: number; total: number } };
  sites: ProfileSiteReport[];
}
