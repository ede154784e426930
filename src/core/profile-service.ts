// Profiles: the built-in ones plus the user's command templates stored in SQLite.
import type { CliAvailability, Profile } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ProfileId } from '../shared/ids';
import { splitCommandLine } from './agents/command-line';
import { BUILT_IN_PROFILES } from './agents/profiles';
import { CLI_PROFILES, cliAvailability } from './agents/cli-profiles';
import type { ProfilesRepo } from './store/profiles-repo';
import { newId } from './ids';

const BUILT_INS: Profile[] = [...BUILT_IN_PROFILES, ...CLI_PROFILES];

export class ProfileService {
  constructor(
    private readonly repo: ProfilesRepo,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  list(): Profile[] {
    return [...BUILT_INS, ...this.repo.list()];
  }

  /** Which agent CLIs are installed, looked up on the PATH agents get. */
  detectClis(force = false): Promise<CliAvailability[]> {
    return cliAvailability(this.env, force);
  }

  get(id: ProfileId): Profile {
    const profile = BUILT_INS.find((p) => p.id === id) ?? this.repo.get(id);
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
