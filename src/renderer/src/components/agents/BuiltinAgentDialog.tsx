// Adds or edits a built-in agent profile: an OpenAI-compatible endpoint (base URL, model, which API),
// approvals, the sandbox (and whether it is available here), and where the key comes from: the
// name of an environment variable of the app, or, in the desktop app, a key saved encrypted in the
// OS keychain. A key is write-only: the core never returns it, it only says whether one is
// available. "Test connection" saves first (the core tests saved profiles).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { contract, type BuiltinSettings, type Profile } from '../../../../shared/contract';
import { saveBuiltinProfile, testConnection } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { Dialog } from '../Dialog';
import { PriceFields } from '../board/PriceFields';

type Fields = BuiltinSettings & { name: string };
type FieldName = keyof Fields;

const DEFAULTS: Fields = {
  name: '',
  baseUrl: 'https://api.openai.com/v1',
  model: '',
  api: 'auto',
  approval: 'ask',
  sandbox: true,
  network: false,
  apiKeyEnv: 'OPENAI_API_KEY',
  price: null,
};

const ENDPOINTS = [
  { url: 'https://api.openai.com/v1', label: 'OpenAI' },
  { url: 'http://localhost:11434/v1', label: 'Ollama (local)' },
  { url: 'http://localhost:1234/v1', label: 'LM Studio (local)' },
  { url: 'http://localhost:8000/v1', label: 'vLLM (local)' },
] as const;

function fieldsOf(profile: Profile | null): Fields {
  const b = profile?.builtin;
  if (!profile || !b) return DEFAULTS;
  return { name: profile.name, baseUrl: b.baseUrl, model: b.model, api: b.api, approval: b.approval, sandbox: b.sandbox, network: b.network, apiKeyEnv: b.apiKeyEnv, price: b.price ?? null };
}

function sameFields(a: Fields, b: Fields): boolean {
  return (Object.keys(DEFAULTS) as FieldName[]).every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

interface Props {
  /** The profile to edit; null adds a new one. */
  readonly profile: Profile | null;
  /** For a new profile: fields to start from instead of the defaults (e.g. a local server found by the checklist). */
  readonly initial?: Partial<Fields>;
  readonly onSaved: (profile: Profile) => void;
  readonly onClose: () => void;
}

export function BuiltinAgentDialog({ profile, initial, onSaved, onClose }: Props) {
  const services = useServices();
  const id = useId();
  const [fields, setFields] = useState<Fields>(() => (profile ? fieldsOf(profile) : { ...DEFAULTS, ...initial }));
  const [saved, setSaved] = useState<Profile | null>(profile);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  /** A key typed to be saved in the keychain ('' keeps what is stored); write-only, cleared once saved. */
  const [apiKey, setApiKey] = useState('');
  const [forgetKey, setForgetKey] = useState(false);
  const canStoreSecrets = useAppState((s) => s.info?.canStoreSecrets ?? false);
  const sandboxInfo = useAppState((s) => s.info?.sandbox ?? null);
  const keyChange: string | undefined = apiKey !== '' ? apiKey : forgetKey ? '' : undefined;
  const dirty = !saved || !sameFields(fields, fieldsOf(saved)) || keyChange !== undefined;

  const set = <K extends FieldName>(key: K, value: Fields[K]): void => {
    setFields((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setTest(null);
  };

  /** Saves when something changed; resolves with the saved profile, or null (the form says why). */
  const save = async (): Promise<Profile | null> => {
    if (!dirty && saved) return saved;
    const input = { ...fields, ...(saved ? { id: saved.id } : {}), ...(keyChange !== undefined ? { apiKey: keyChange } : {}) };
    const parsed = contract['profiles.saveBuiltin'].input.safeParse(input);
    if (!parsed.success) {
      const next: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as FieldName | undefined;
        if (key && !next[key]) next[key] = issue.message;
      }
      setErrors(next);
      setFormError(null);
      return null;
    }
    const result = await saveBuiltinProfile(services, input);
    if (!result.ok) {
      setFormError(result.error);
      return null;
    }
    setFormError(null);
    setSaved(result.profile);
    setFields(fieldsOf(result.profile));
    setApiKey('');
    setForgetKey(false);
    return result.profile;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy('save');
    const p = await save();
    setBusy(null);
    if (p) onSaved(p);
  };

  const runTest = async (): Promise<void> => {
    if (busy) return;
    setBusy('test');
    setTest(null);
    const p = await save();
    if (p) setTest(await testConnection(services, p.id));
    setBusy(null);
  };

  const fieldProps = (key: FieldName, hint?: boolean) => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': [hint ? `${id}-${key}-hint` : '', errors[key] ? `${id}-${key}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const errorOf = (key: FieldName): ReactNode =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error" data-testid={`builtin-${key}-error`}>
        {errors[key]}
      </p>
    ) : null;

  let keyStatus: ReactNode;
  if (saved?.builtin?.keyStored && keyChange === undefined) {
    keyStatus = (
      <span className="key-status is-found" data-testid="builtin-key-status" data-found="true">
        key stored in the OS keychain{saved.builtin.hasApiKey ? '' : ', but it cannot be read here'}
      </span>
    );
  } else if (saved?.builtin && saved.builtin.apiKeyEnv === fields.apiKeyEnv && keyChange === undefined) {
    keyStatus = saved.builtin.hasApiKey ? (
      <span className="key-status is-found" data-testid="builtin-key-status" data-found="true">
        key found
      </span>
    ) : (
      <span className="key-status is-missing" data-testid="builtin-key-status" data-found="false">
        variable not set {'\u2014'} start Switchyard with <code>{fields.apiKeyEnv}</code> in its environment
      </span>
    );
  } else {
    keyStatus = (
      <span className="key-status" data-testid="builtin-key-status">
        checked when you save or test
      </span>
    );
  }

  return (
    <Dialog testId="builtin-dialog" title={profile ? `Edit \u201c${profile.name}\u201d` : 'New built-in agent'} onClose={onClose} busy={busy !== null} wide>
      <p className="muted small">
        Switchyard{'\u2019'}s own agent, talking to any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, LM Studio). Its tools act only inside the run{'\u2019'}s
        worktree.
      </p>
      <form className="builtin-form" data-testid="builtin-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-name`}>Name</label>
        <div className="builtin-field">
          <input {...fieldProps('name')} data-testid="builtin-name" value={fields.name} maxLength={80} autoFocus placeholder="e.g. GPT on OpenAI" onChange={(e) => set('name', e.target.value)} />
          {errorOf('name')}
        </div>

        <label htmlFor={`${id}-baseUrl`}>Base URL</label>
        <div className="builtin-field">
          <input
            {...fieldProps('baseUrl', true)}
            className="mono"
            data-testid="builtin-base-url"
            value={fields.baseUrl}
            maxLength={2000}
            spellCheck={false}
            list={`${id}-endpoints`}
            onChange={(e) => set('baseUrl', e.target.value.trim())}
          />
          <datalist id={`${id}-endpoints`}>
            {ENDPOINTS.map((e) => (
              <option key={e.url} value={e.url} label={e.label} />
            ))}
          </datalist>
          <p id={`${id}-baseUrl-hint`} className="hint">
            The endpoint up to <code>/v1</code>, e.g. <code>http://localhost:11434/v1</code> for a local Ollama.
          </p>
          {errorOf('baseUrl')}
        </div>

        <label htmlFor={`${id}-model`}>Model</label>
        <div className="builtin-field">
          <input {...fieldProps('model')} className="mono" data-testid="builtin-model" value={fields.model} maxLength={200} spellCheck={false} placeholder="e.g. gpt-5" onChange={(e) => set('model', e.target.value)} />
          {errorOf('model')}
        </div>

        <label htmlFor={`${id}-api`}>API</label>
        <div className="builtin-field">
          <select {...fieldProps('api')} data-testid="builtin-api" value={fields.api} onChange={(e) => set('api', e.target.value as Fields['api'])}>
            <option value="auto">Automatic: the Responses API, else Chat Completions</option>
            <option value="responses">Responses API</option>
            <option value="chat">Chat Completions (servers that only speak that)</option>
          </select>
        </div>

        <label htmlFor={`${id}-price`} id={`${id}-price-label`}>
          Price
        </label>
        <div className="builtin-field">
          <PriceFields id={`${id}-price`} value={fields.price ?? null} onChange={(p) => set('price', p)} describedBy={`${id}-price-hint`} />
          <p id={`${id}-price-hint`} className="hint">
            Optional: what the model costs per million tokens, to show an estimated cost on each run. Leave empty to show tokens only.
          </p>
          {errorOf('price')}
        </div>

        <label htmlFor={`${id}-approval`}>Commands</label>
        <div className="builtin-field">
          <select {...fieldProps('approval', true)} data-testid="builtin-approval" value={fields.approval} onChange={(e) => set('approval', e.target.value as Fields['approval'])}>
            <option value="ask">Ask me before each shell command</option>
            <option value="auto">Run them without asking</option>
          </select>
          <p id={`${id}-approval-hint`} className="hint">
            When it asks, the command waits on the run{'\u2019'}s card with Approve and Deny.
          </p>
        </div>

        <span className="builtin-label" id={`${id}-sandbox-label`}>
          Sandbox
        </span>
        <div className="builtin-field" role="group" aria-labelledby={`${id}-sandbox-label`}>
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="builtin-sandbox"
              checked={fields.sandbox}
              aria-describedby={`${id}-sandbox-hint`}
              onChange={(e) => set('sandbox', e.target.checked)}
            />
            <span>
              Run its commands in a sandbox (bubblewrap, Linux): the worktree writable, <code>.git</code> read-only, secret folders hidden
            </span>
          </label>
          <label className="checkbox">
            <input type="checkbox" data-testid="builtin-network" checked={fields.network} disabled={!fields.sandbox} onChange={(e) => set('network', e.target.checked)} />
            <span>Allow network access inside the sandbox</span>
          </label>
          {sandboxInfo && !sandboxInfo.available && (
            <p className="sandbox-unavailable" data-testid="builtin-sandbox-unavailable" role="note">
              Not available on this machine{sandboxInfo.reason ? `: ${sandboxInfo.reason}` : ''}.{' '}
              {fields.sandbox ? 'Its commands will run without a sandbox, and its terminal will say so.' : ''}
            </p>
          )}
          <p id={`${id}-sandbox-hint`} className="hint">
            {fields.sandbox
              ? sandboxInfo?.available
                ? 'Bubblewrap is available here.'
                : 'Where bubblewrap is not available, the run says so in its terminal and runs the commands without it.'
              : 'Without the sandbox, commands run with your user\u2019s access, network included.'}
          </p>
        </div>

        <label htmlFor={`${id}-apiKeyEnv`}>Key variable</label>
        <div className="builtin-field">
          <div className="key-row">
            <input
              {...fieldProps('apiKeyEnv', true)}
              className="mono"
              data-testid="builtin-key-env"
              value={fields.apiKeyEnv}
              maxLength={100}
              spellCheck={false}
              autoCapitalize="characters"
              onChange={(e) => set('apiKeyEnv', e.target.value.trim())}
            />
            {keyStatus}
          </div>
          <p id={`${id}-apiKeyEnv-hint`} className="hint">
            The name of an environment variable of the Switchyard app that holds the API key. The key is read there by the app, sent only to this endpoint, never
            given to any command, and never shown here.
            {canStoreSecrets ? ' A key saved below takes precedence.' : ' (In the desktop app, a key can also be saved in the OS keychain.)'}
          </p>
          {errorOf('apiKeyEnv')}
        </div>

        {canStoreSecrets && (
          <>
            <label htmlFor={`${id}-apiKey`}>API key</label>
            <div className="builtin-field">
              <div className="key-row">
                <input
                  id={`${id}-apiKey`}
                  type="password"
                  className="mono"
                  data-testid="builtin-api-key"
                  value={apiKey}
                  maxLength={4096}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={saved?.builtin?.keyStored && !forgetKey ? 'stored \u2014 type to replace it' : 'optional'}
                  aria-describedby={`${id}-apiKey-hint`}
                  onChange={(e) => {
                    setApiKey(e.target.value);
                    setForgetKey(false);
                    setTest(null);
                  }}
                />
                {saved?.builtin?.keyStored && (
                  <label className="checkbox">
                    <input type="checkbox" data-testid="builtin-forget-key" checked={forgetKey} onChange={(e) => setForgetKey(e.target.checked)} disabled={apiKey !== ''} />
                    <span>Remove the stored key</span>
                  </label>
                )}
              </div>
              <p id={`${id}-apiKey-hint`} className="hint">
                Saved encrypted with the OS keychain, never shown again, and never written anywhere in plain text.
              </p>
            </div>
          </>
        )}

        {formError && (
          <p className="form-error builtin-wide" role="alert" data-testid="builtin-error">
            {formError}
          </p>
        )}
        {test && (
          <p className={`test-result builtin-wide ${test.ok ? 'is-ok' : 'is-bad'}`} role="status" data-testid="builtin-test-result" data-ok={test.ok}>
            <span aria-hidden="true">{test.ok ? '\u2713' : '\u2717'}</span> {test.message}
          </p>
        )}
        <div className="dialog-actions builtin-wide">
          {busy === 'test' && (
            <span className="progress" role="status">
              <span className="spinner" aria-hidden="true" /> Testing{'\u2026'}
            </span>
          )}
          <button type="button" className="btn" data-testid="builtin-test" disabled={busy !== null} onClick={() => void runTest()} title={dirty ? 'Saves the profile, then asks the endpoint for its models' : 'Asks the endpoint for its models'}>
            {dirty ? 'Save and test connection' : 'Test connection'}
          </button>
          <span className="spacer" />
          <button type="button" className="btn" disabled={busy !== null} onClick={onClose}>
            {saved && !dirty ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="builtin-save" disabled={busy !== null}>
            {busy === 'save' ? 'Saving\u2026' : profile ? 'Save' : 'Save and use'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
