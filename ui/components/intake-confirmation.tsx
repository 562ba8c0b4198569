/** After intake: the tracking number and verification code to read out to the resident (GOV.UK confirmation panel). */
export interface IntakeConfirmationProps {
  caseId: string;
  trackingNumber: string;
  verificationCode: string;
  serviceTitle: string;
  /** Whether the person may open the case page (their department scope). */
  canOpenCase: boolean;
}

export function IntakeConfirmation(props: IntakeConfirmationProps) {
  return (
    <div class="grid-container">
      <div class="usa-alert usa-alert--success cf-confirmation" role="status">
        <div class="usa-alert__body">
          <h1 class="usa-alert__heading">Request created</h1>
          <p class="usa-alert__text">{props.serviceTitle}</p>
        </div>
      </div>
      <h2>Read these to the resident</h2>
      <dl class="cf-summary-list cf-read-out">
        <div>
          <dt>Tracking number</dt>
          <dd>
            <strong id="tracking-number">{props.trackingNumber}</strong>
          </dd>
        </div>
        <div>
          <dt>Verification code</dt>
          <dd>
            <strong id="verification-code" class="cf-code">
              {props.verificationCode}
            </strong>
          </dd>
        </div>
      </dl>
      <p>
        With both, the resident can check the request at <strong>/status</strong> or by calling us. The code is shown
        only now: CivicFlow keeps only a fingerprint of it.
      </p>
      <ul class="usa-list">
        {props.canOpenCase ? (
          <li>
            <a href={`/cases/${encodeURIComponent(props.caseId)}`}>Open case {props.trackingNumber}</a>
          </li>
        ) : null}
        <li>
          <a href="/intake">Start another request</a>
        </li>
      </ul>
    </div>
  );
}
