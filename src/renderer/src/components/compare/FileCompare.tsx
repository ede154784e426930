// One file across the compared runs: the base's and each run's version side by side (plain text,
// size-capped by the core), and the diff between two chosen runs' versions.
import { useState } from 'react';
import type { FileVersions, Run } from '../../../../shared/contract';
import { useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { formatBytes } from '../../lib/format';
import { WindowedDiff } from '../review/WindowedDiff';

type Version = FileVersions['base'];

interface Props {
  readonly threadId: string;
  readonly path: string;
  readonly runs: readonly Run[];
}

export function FileCompare({ threadId, path, runs }: Props) {
  const { client } = useServices();
  const runIds = runs.map((r) => r.id);
  const versions = useAsync(`${threadId}\u0000${path}\u0000${runIds.join(',')}`, () => client.call('compare.fileVersions', { threadId, path, runIds }));
  return (
    <section className="file-compare" data-testid="file-versions" data-path={path} aria-label={`Versions of ${path}`}>
      <h2 className="file-compare-title">
        <code>{path}</code>
      </h2>
      {versions.error && (
        <p className="form-error" role="alert">
          Could not read the versions: {versions.error}
        </p>
      )}
      {!versions.data && !versions.error && (
        <p className="progress" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Reading the versions{'\u2026'}
        </p>
      )}
      {versions.data && (
        <div className="versions" style={{ gridTemplateColumns: `repeat(${runs.length + 1}, minmax(220px, 1fr))` }}>
          <VersionColumn label="base" runId="base" version={versions.data.base} />
          {runs.map((r) => {
            const v = versions.data?.runs[r.id];
            return v ? <VersionColumn key={r.id} label={`#${r.index} ${r.profileName}`} runId={r.id} version={v} /> : null;
          })}
        </div>
      )}
      {runs.length >= 2 && <DiffBetween path={path} runs={runs} />}
    </section>
  );
}

function VersionColumn({ label, runId, version }: { label: string; runId: string; version: Version }) {
  let body;
  if (!version.exists) body = <p className="muted small">(no such file)</p>;
  else if (version.binary) body = <p className="muted small">Binary file, {formatBytes(version.size)}</p>;
  else if (version.tooLarge || version.content === null) body = <p className="muted small">Too large to show ({formatBytes(version.size)})</p>;
  else
    body = (
      <pre className="version-text" tabIndex={0}>
        {version.content}
      </pre>
    );
  return (
    <div className="version" data-testid="file-version" data-run-id={runId}>
      <h3 className="version-label">{label}</h3>
      {body}
    </div>
  );
}

function DiffBetween({ path, runs }: { path: string; runs: readonly Run[] }) {
  const { client } = useServices();
  const [a, setA] = useState(runs[0]?.id ?? '');
  const [b, setB] = useState(runs[1]?.id ?? '');
  const ready = a !== '' && b !== '' && a !== b;
  const diff = useAsync(ready ? `${a}\u0000${b}\u0000${path}` : null, () => client.call('compare.diffBetween', { runA: a, runB: b, path }));
  const pick = (value: string, onChange: (v: string) => void, testId: string, label: string) => (
    <label className="inline-field">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            #{r.index} {r.profileName}
          </option>
        ))}
      </select>
    </label>
  );
  let body;
  if (!ready) body = <p className="muted small">Choose two different runs.</p>;
  else if (diff.error) body = <p className="form-error" role="alert">{`Could not compare: ${diff.error}`}</p>;
  else if (!diff.data) body = <p className="progress" aria-busy="true"><span className="spinner" aria-hidden="true" /> Comparing{'\u2026'}</p>;
  else if (diff.data.identical) body = <p data-testid="diff-between-identical">Both runs have the same content.</p>;
  else if (diff.data.binary) body = <p className="muted">Binary: the versions differ.</p>;
  else if (diff.data.tooLarge || diff.data.patch === null) body = <p className="muted">Too large to compare here.</p>;
  else body = <WindowedDiff key={`${a}\u0000${b}`} patch={diff.data.patch} viewType="unified" path={path} testId="diff-between" />;
  return (
    <div className="diff-between">
      <div className="diff-between-head">
        <h3 className="version-label">Diff between</h3>
        {pick(a, setA, 'diff-between-a', 'from')}
        {pick(b, setB, 'diff-between-b', 'to')}
      </div>
      {body}
    </div>
  );
}
