// Form inputs generated from a connector's describe() fields, so every connector gets its add-source form
// and its Update Credentials dialog without UI code of its own. Secret fields are write-only inputs.
import { PasswordInput, Stack, TextInput } from '@mantine/core';
import type { ConnectorView } from '../../src-shared/api.ts';

export type FieldSpec = ConnectorView['configFields'][number];
export type FieldValues = Record<string, string>;
export type FieldErrors = Record<string, string | undefined>;

const maxFieldLength = 20_000;

export function validateFields(fields: FieldSpec[], values: FieldValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = values[field.name]?.trim() ?? '';
    if (field.required && !value) errors[field.name] = `${field.label} is required.`;
    else if (value.length > maxFieldLength) errors[field.name] = `${field.label} is too long.`;
  }
  return errors;
}

/** Only the non-empty values, trimmed: optional fields left blank are not sent. */
export function filledValues(fields: FieldSpec[], values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const field of fields) {
    const value = values[field.name]?.trim();
    if (value) out[field.name] = value;
  }
  return out;
}

export function GeneratedFields({
  fields,
  values,
  errors,
  onChange,
  idPrefix,
  secretPlaceholder,
  describeSecret,
}: {
  fields: FieldSpec[];
  values: FieldValues;
  errors: FieldErrors;
  onChange: (name: string, value: string) => void;
  idPrefix: string;
  secretPlaceholder?: string;
  /** Extra line under a secret field's help, e.g. when it was last rotated. */
  describeSecret?: (field: FieldSpec) => React.ReactNode;
}) {
  return (
    <Stack gap="md">
      {fields.map((field) => {
        const common = {
          id: `${idPrefix}-${field.name}`,
          name: field.name,
          label: field.label,
          description: field.help,
          required: field.required,
          withAsterisk: field.required,
          value: values[field.name] ?? '',
          error: errors[field.name],
          onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
            onChange(field.name, event.currentTarget.value),
        };
        return field.secret ? (
          <Stack key={field.name} gap={4}>
            <PasswordInput
              {...common}
              autoComplete="new-password"
              spellCheck={false}
              placeholder={secretPlaceholder ?? 'Paste the value'}
              visibilityToggleButtonProps={{ 'aria-label': `Show or hide ${field.label}` }}
            />
            {describeSecret?.(field)}
          </Stack>
        ) : (
          <TextInput key={field.name} {...common} autoComplete="off" spellCheck={false} />
        );
      })}
    </Stack>
  );
}
