import { fileURLToPath } from 'node:url';

/** The repository's trainer/ folder (train.py, requirements.txt, the .venv the README sets up). */
export const trainerDir = fileURLToPath(new URL('../../trainer/', import.meta.url));
