/**
 * The case's documents (download links), whether each is released in public-records exports (with a
 * form to change it for records officers) and, for those who may, the upload form (multipart).
 */
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
import { describedBy, FormGroup } from './form-group';
import { TextInput } from './text-input';

export interface DocumentRow {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: string;
  description: string | null;
}

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The public-records column: which documents are releasable, and the frame of the forms that change it (records officers). */
export interface ReleasableColumn {
  releasable: ReadonlySet<string>;
  form?: CaseFormFrame;
  errors: readonly FieldError[];
}

function ReleasableCell({ caseId, doc, column }: { caseId: string; doc: DocumentRow; column: ReleasableColumn }) {
  const released = column.releasable.has(doc.id);
  const formId = `releasable-${doc.id}`;
  return (
    <>
      {released ? 'Released in public-records exports' : 'Withheld from public-records exports'}
      {column.form ? (
        <CaseForm
          action={`/cases/${caseId}/documents/${doc.id}/releasable`}
          frame={column.form}
          submit={released ? `Withhold ${doc.filename}` : `Mark ${doc.filename} releasable`}
          id={formId}
          error={errorFor(column.errors, formId)}
          secondary
        >
          <input type="hidden" name="releasable" value={released ? 'false' : 'true'} />
        </CaseForm>
      ) : null}
    </>
  );
}

export function DocumentList({
  caseId,
  documents,
  releasable,
}: {
  caseId: string;
  documents: readonly DocumentRow[];
  releasable?: ReleasableColumn;
}) {
  if (documents.length === 0) return <p>No documents yet.</p>;
  return (
    <table class="usa-table usa-table--borderless cf-table">
      <caption>Documents on this case</caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Added</th>
          <th scope="col">By</th>
          {releasable ? <th scope="col">Public records</th> : null}
        </tr>
      </thead>
      <tbody>
        {documents.map((doc) => (
          <tr key={doc.id}>
            <td>
              <a href={`/cases/${caseId}/documents/${doc.id}`} download={doc.filename}>
                {doc.filename}
              </a>{' '}
              <span class="cf-muted">
                ({doc.contentType}, {size(doc.sizeBytes)})
              </span>
              {doc.description ? <div>{doc.description}</div> : null}
            </td>
            <td>{doc.uploadedAt}</td>
            <td>{doc.uploadedBy}</td>
            {releasable ? (
              <td>
                <ReleasableCell caseId={caseId} doc={doc} column={releasable} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CaseDocuments({
  caseId,
  documents,
  upload,
  releasable,
}: {
  caseId: string;
  documents: readonly DocumentRow[];
  upload?: { frame: CaseFormFrame; errors: readonly FieldError[]; maxBytes: number; accept: readonly string[] };
  releasable?: ReleasableColumn;
}) {
  return (
    <>
      <DocumentList caseId={caseId} documents={documents} releasable={releasable} />
      {upload ? <UploadForm caseId={caseId} {...upload} /> : null}
    </>
  );
}

export function UploadForm({
  caseId,
  frame,
  errors,
  maxBytes,
  accept,
}: {
  caseId: string;
  frame: CaseFormFrame;
  errors: readonly FieldError[];
  maxBytes: number;
  accept: readonly string[];
}) {
  const id = 'upload-file';
  const error = errorFor(errors, id);
  const hint = `Up to ${size(maxBytes)}. Allowed: ${accept.join(', ')}.`;
  return (
    <CaseForm
      action={`/cases/${caseId}/documents`}
      frame={frame}
      submit="Upload document"
      id="upload"
      error={errorFor(errors, 'upload')}
      enctype="multipart/form-data"
      secondary
    >
      <FormGroup id={id} name="file" label="Document" hint={hint} error={error} required>
        <input
          class={`usa-file-input__input cf-file${error ? ' usa-input--error' : ''}`}
          id={id}
          name="file"
          type="file"
          accept={accept.join(',')}
          required
          aria-describedby={describedBy({ id, hint, error })}
          aria-invalid={error ? 'true' : undefined}
        />
      </FormGroup>
      <TextInput
        id="upload-description"
        name="description"
        label="Description"
        error={errorFor(errors, 'upload-description')}
      />
    </CaseForm>
  );
}
