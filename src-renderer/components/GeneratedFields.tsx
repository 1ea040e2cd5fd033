// Form inputs generated from a connector's describe() fields, so every connector gets its add-source form
// and its Update Credentials dialog without UI code of its own. Secret fields are write-only inputs.
import { FileButton, Button, PasswordInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
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
        if (field.input === 'select') {
          return (
            <Select
              key={field.name}
              id={common.id}
              name={field.name}
              label={field.label}
              description={field.help}
              required={field.required}
              withAsterisk={field.required}
              value={values[field.name] ?? null}
              error={errors[field.name]}
              data={field.options ?? []}
              onChange={(value) => onChange(field.name, value ?? '')}
            />
          );
        }
        if (field.input === 'multiline_secret' || field.input === 'file') {
          // A key (PEM, JSON) is pasted or loaded from a file; it stays in this form until it is sent.
          return (
            <Stack key={field.name} gap={4}>
              <Textarea
                {...common}
                onChange={(event) => onChange(field.name, event.currentTarget.value)}
                autoComplete="off"
                spellCheck={false}
                autosize
                minRows={3}
                maxRows={8}
                styles={{ input: { fontFamily: 'monospace' } }}
                placeholder={secretPlaceholder ?? 'Paste the value'}
              />
              {field.input === 'file' && (
                <FileButton
                  onChange={(file) => {
                    void file?.text().then((text) => onChange(field.name, text));
                  }}
                >
                  {(props) => (
                    <Button {...props} variant="default" size="xs" w="fit-content">
                      Load {field.label} from a file
                    </Button>
                  )}
                </FileButton>
              )}
              {describeSecret?.(field)}
            </Stack>
          );
        }
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
