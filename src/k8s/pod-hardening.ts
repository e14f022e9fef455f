// The security settings every eddy pod gets (the job's and the repartition stage's): non-root, no
// privilege escalation, no capabilities, a read-only root file system with a small writable /tmp.

/** Pod-level: run as `node` (uid 1000 in the official Node images), default seccomp profile. */
export const POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** Container-level. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
} as const;

/** tsx caches compiled job files under the temp directory; the root file system is read-only. */
export const TMP_VOLUME = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } } as const;
export const TMP_MOUNT = { name: 'tmp', mountPath: '/tmp' } as const;
