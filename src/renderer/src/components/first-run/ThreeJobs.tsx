// What Switchyard is for, in three lines: run agents in parallel, compare their work, merge one.
// Shown on the first-run screen and in the Getting started panel.

const JOBS = [
  { title: 'Run', text: 'Run several agents in parallel on one prompt, each in its own git worktree and branch.' },
  { title: 'Compare', text: 'Compare their work side by side: diffs, your checks and a scorecard.' },
  { title: 'Merge', text: 'Merge the one you choose into your branch, backed up first and undoable.' },
] as const;

export function ThreeJobs() {
  return (
    <ol className="three-jobs" data-testid="three-jobs" aria-label="What Switchyard does">
      {JOBS.map((job, i) => (
        <li key={job.title} className="three-jobs-item" data-testid="three-jobs-item">
          <span className="three-jobs-step" aria-hidden="true">
            {i + 1}
          </span>
          <span>
            <strong>{job.title}</strong> {'\u2014'} {job.text}
          </span>
        </li>
      ))}
    </ol>
  );
}
