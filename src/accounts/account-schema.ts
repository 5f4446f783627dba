import { z } from 'zod';

/**
 * The account file `accounts/<id>.json`, compatible with Antigravity Tools. Only the fields agt needs are
 * validated; every other field (quota, device_profile, custom_label, …) is kept as it is on every write
 * (`.passthrough()` / loose objects).
 */
export const tokenDataSchema = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string().min(1),
  expires_in: z.number(),
  expiry_timestamp: z.number(),
  token_type: z.string().default('Bearer'),
  email: z.string().nullish(),
  project_id: z.string().nullish(),
});

export const accountFileSchema = z.looseObject({
  id: z.string().min(1),
  email: z.string().min(1),
  name: z.string().nullish(),
  token: tokenDataSchema,
  disabled: z.boolean().optional(),
  disabled_at: z.number().nullish(),
  disabled_reason: z.string().nullish(),
  proxy_disabled: z.boolean().optional(),
  proxy_disabled_at: z.number().nullish(),
  proxy_disabled_reason: z.string().nullish(),
  protected_models: z.array(z.string()).optional(),
  quota: z.looseObject({}).nullish(),
  created_at: z.number().optional(),
  last_used: z.number().optional(),
});

export type TokenData = z.infer<typeof tokenDataSchema>;
export type AccountFile = z.infer<typeof accountFileSchema>;

/** One entry of the `accounts.json` index. */
export interface AccountIndexEntry {
  id: string;
  email: string;
  name?: string | null;
  disabled: boolean;
  proxy_disabled: boolean;
  protected_models?: string[];
  created_at: number;
  last_used: number;
}

export interface AccountIndex {
  version: string;
  accounts: AccountIndexEntry[];
  current_account_id: string | null;
  current_target_ide?: string | null;
  [key: string]: unknown;
}
