// The Jira Cloud v3 JSON Vouch reads, parsed at the boundary.
import { z } from 'zod';

export const jiraUser = z.object({
  accountId: z.string().min(1),
  accountType: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean(),
  timeZone: z.string().optional(),
  locale: z.string().optional(),
});
export type JiraUser = z.infer<typeof jiraUser>;

export const jiraGroup = z.object({ groupId: z.string().min(1), name: z.string() });
export type JiraGroup = z.infer<typeof jiraGroup>;

export const jiraProject = z.object({
  id: z.string().min(1),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
  simplified: z.boolean().optional(),
  style: z.string().optional(),
  isPrivate: z.boolean().optional(),
  archived: z.boolean().optional(),
  deleted: z.boolean().optional(),
  self: z.string().optional(),
});
export type JiraProject = z.infer<typeof jiraProject>;

export const jiraRoleMap = z.record(z.string(), z.string());

export const jiraRole = z.object({
  id: z.number().int(),
  name: z.string(),
  actors: z.array(
    z.object({
      id: z.number().int(),
      displayName: z.string().optional(),
      type: z.string(),
      actorUser: z.object({ accountId: z.string() }).optional(),
      actorGroup: z
        .object({
          name: z.string().optional(),
          displayName: z.string().optional(),
          groupId: z.string().optional(),
        })
        .optional(),
    }),
  ),
});
export type JiraRole = z.infer<typeof jiraRole>;

export const jiraPermissions = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});
