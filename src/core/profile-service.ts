// Profiles: the built-in ones plus the user's command templates stored in SQLite.
import OpenAI from 'openai';
import type { BuiltinSettings, CliAvailability, Profile } from '../shared/contract';
import type { AgentProfilesRepo, AgentProfileRow } from './store/agent-profiles-repo';
import type { Platform } from './platform';
import { AppError } from '../shared/errors';
import type { ProfileId } from '../shared/ids';
import { splitCommandLine } from './agents/command-line';
import { BUILT_IN_PROFILES } from './agents/profiles';
import { CLI_PROFILES, cliAvailability } from './agents/cli-profiles';
import type { ProfilesRepo } from './store/profiles-repo';
import { newId } from './ids';

const BUILT_INS: Profile[] = [...BUILT_IN_PROFILES, ...CLI_PROFILES];

/** How long "test connection" waits for the endpoint, in ms: a healthy server answers /models at once. */
const TEST_CONNECTION_TIMEOUT_MS = 10_000;

export class ProfileService {
  constructor(
    private readonly repo: ProfilesRepo,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly agents: AgentProfilesRepo | null = null,
    private readonly secrets: Platform['secrets'] = undefined,
  ) {}

  list(): Profile[] {
    return [...BUILT_INS, ...this.agentProfiles(), ...this.repo.list()];
  }

  /** Saves a built-in agent profile; the key stays in the app's environment variable it names. */
  saveBuiltin(input: BuiltinSettings & { id?: ProfileId; name: string; apiKey?: string }): Profile {
    if (!this.agents) throw new AppError('UNSUPPORTED', 'Built-in agent profiles are not available here.');
    const { id, name, apiKey, ...settings } = input;
    const existing = id ? this.agents.get(id) : null;
    let secret = existing?.secret ?? null;
    if (apiKey !== undefined) {
      if (apiKey === '') secret = null;
      else if (!this.secrets) throw new AppError('UNSUPPORTED', `Keys can be saved only in the desktop app (in the OS keychain); here, set ${settings.apiKeyEnv} in Switchyard's environment instead.`);
      else secret = this.secrets.encrypt(apiKey);
    }
    return this.toProfile(this.agents.save({ id: id ?? (newId() as ProfileId), name, settings, secret }));
  }

  /** A built-in agent profile's key: from the keychain when stored, else the app environment variable it names. */
  apiKeyOf(profile: Profile): string {
    if (!profile.builtin) return '';
    const stored = this.agents?.get(profile.id)?.secret;
    if (stored && this.secrets) return this.secrets.decrypt(stored);
    return this.env[profile.builtin.apiKeyEnv] ?? '';
  }

  async testConnection(id: ProfileId): Promise<{ ok: boolean; message: string }> {
    const profile = this.get(id);
    if (!profile.builtin) throw new AppError('INVALID_INPUT', 'Only built-in agent profiles have a connection to test.');
    const client = new OpenAI({ baseURL: profile.builtin.baseUrl, apiKey: this.apiKeyOf(profile) || 'no-key', timeout: TEST_CONNECTION_TIMEOUT_MS, maxRetries: 0 });
    try {
      const models = [];
      for await (const model of client.models.list()) {
        models.push(model.id);
        if (models.length >= 200) break;
      }
      const has = models.includes(profile.builtin.model);
      return { ok: true, message: has || models.length === 0 ? `Connected to ${profile.builtin.baseUrl}.` : `Connected, but the server lists no model named ${profile.builtin.model}.` };
    } catch (err) {
      const status = (err as { status?: number }).status;
      const reason = status === 401 || status === 403 ? `the key was refused (${status}); check ${profile.builtin.apiKeyEnv}` : err instanceof Error ? err.message : String(err);
      return { ok: false, message: `Could not reach ${profile.builtin.baseUrl}: ${reason}.` };
    }
  }

  private agentProfiles(): Profile[] {
    return (this.agents?.list() ?? []).map((row) => this.toProfile(row));
  }

  private toProfile(row: AgentProfileRow): Profile {
    return {
      id: row.id, name: row.name, kind: 'builtin', argv: [], builtIn: false, cliId: null,
      builtin: {
        ...row.settings,
        hasApiKey: Boolean((row.secret && this.secrets) || this.env[row.settings.apiKeyEnv]),
        keyStored: row.secret !== null,
      },
    };
  }

  /** Which agent CLIs are installed, looked up on the PATH agents get. */
  detectClis(force = false): Promise<CliAvailability[]> {
    return cliAvailability(this.env, force);
  }

  get(id: ProfileId): Profile {
    const profile = BUILT_INS.find((p) => p.id === id) ?? this.agentProfiles().find((p) => p.id === id) ?? this.repo.get(id);
    if (!profile) throw new AppError('NOT_FOUND', `No agent profile named "${id}".`);
    return profile;
  }

  saveCommand(input: { id?: ProfileId; name: string; commandLine: string }): Profile {
    if (input.id && BUILT_INS.some((p) => p.id === input.id)) {
      throw new AppError('INVALID_INPUT', 'Built-in profiles cannot be changed.');
    }
    const argv = splitCommandLine(input.commandLine);
    return this.repo.save({ id: input.id ?? (newId() as ProfileId), name: input.name, argv });
  }

  delete(id: ProfileId): boolean {
    if (BUILT_INS.some((p) => p.id === id)) throw new AppError('INVALID_INPUT', 'Built-in profiles cannot be deleted.');
    return this.repo.delete(id);
  }
}
