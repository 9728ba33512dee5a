// Trace a QR (SPEC §8): scan or type it; the answer stays at /trace/<qr> to share or reload.
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';

import { Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { ScannerInput } from '../../scanning/components/ScannerInput';
import { useScannerInput } from '../../scanning/hooks/useScannerInput';
import { useTrace } from '../api/trace';
import { TraceResult } from './TraceResult';

export function TraceScreen() {
  const { qr } = useParams();
  const navigate = useNavigate();
  const onScan = useCallback((code: string) => navigate(`/trace/${encodeURIComponent(code)}`), [navigate]);
  const scanner = useScannerInput({ onScan });
  const trace = useTrace(qr ?? null);
  const problem = trace.isError ? toProblem(trace.error) : null;

  return (
    <section className="page" aria-labelledby="trace-title">
      <h1 id="trace-title">Trace</h1>
      <ScannerInput binding={scanner} id="trace-qr" label="Scan or type a bag QR" placeholder="SB00017" />
      {!qr ? (
        <p className="muted">A child shows its parent and bill; a parent shows its children and bill; both with who and when.</p>
      ) : trace.isPending ? (
        <Loading label={`Tracing ${qr}…`} />
      ) : problem ? (
        <ProblemNotice
          problem={problem.code === 'not_found' ? { ...problem, message: `No bag ${qr} here (or it belongs to another area).` } : problem}
        />
      ) : trace.data ? (
        <TraceResult trace={trace.data} />
      ) : null}
    </section>
  );
}
