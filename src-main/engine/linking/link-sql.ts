// Shared SQL of the linker: attribute expressions over an account's JSON attributes.

const attributeName = /^[a-z_][a-z0-9_]*$/i;

/** The raw value of a declared attribute of an account, or NULL (an undeclared or unsafe name). */
export function attributeExpression(alias: string, attribute: string | undefined): string {
  if (!attribute || !attributeName.test(attribute)) return 'NULL';
  return `json_extract(${alias}.attributes, '$.${attribute}')`;
}

/** The anchor value of an account, lower-cased, or NULL, for a source whose connector declares `attribute`. */
export function anchorExpression(alias: string, attribute: string | undefined): string {
  const value = attributeExpression(alias, attribute);
  return value === 'NULL' ? 'NULL' : `nullif(lower(${value}), '')`;
}
