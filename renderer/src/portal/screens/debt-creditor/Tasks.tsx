/**
 * /recouvrement/taches (lazy): what the scenarios left for people to do (a call, a formal notice to send, a file to
 * hand to legal), each marked done with a note that joins the file's history.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { taskDone, tasksQuery } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import type { DebtTask } from './types.js';
import { longDay } from './when.js';
import '../../styles/debt-creditor.css';

function TaskRow({ task }: { task: DebtTask }) {
  const { t, i18n } = useTranslation('debt-creditor');
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const done = useMutation({
    mutationFn: () => taskDone(task.id, note.trim()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['debt'] }),
  });
  const noteId = `dc-task-note-${task.id}`;
  return (
    <li className="card dc-file">
      <h2>
        {t(`debt-creditor:taskKind.${task.kind}`)} · {task.debtorName}
      </h2>
      <p>
        <Link to="/recouvrement/dossiers/$fileId" params={{ fileId: task.fileId }}>
          {task.fileLabel}
        </Link>
      </p>
      <p className="muted">{t('debt-creditor:tasks.due', { day: longDay(task.dueOn, i18n.language) })}</p>
      <label htmlFor={noteId}>{t('debt-creditor:tasks.note')}</label>
      <textarea id={noteId} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <button type="button" className="button" disabled={done.isPending} onClick={() => done.mutate()}>
        {t('debt-creditor:tasks.done', { what: t(`debt-creditor:taskKind.${task.kind}`) })}
      </button>
      {done.isError ? (
        <p className="error" role="alert">
          {problemText(t, done.error, i18n.language)}
        </p>
      ) : null}
    </li>
  );
}

export function DebtTasks() {
  const { t, i18n } = useTranslation('debt-creditor');
  const tasks = useQuery(tasksQuery);
  return (
    <section aria-labelledby="dc-tasks-title" className="screen dc">
      <h1 id="dc-tasks-title">{t('debt-creditor:tasks.title')}</h1>
      <DebtNav />
      <OfflineMark updatedAtMs={tasks.dataUpdatedAt} failed={tasks.isError} />
      {tasks.data === undefined ? (
        <p>{tasks.isError ? problemText(t, tasks.error, i18n.language) : t('app.loading')}</p>
      ) : tasks.data.length === 0 ? (
        <p>{t('debt-creditor:tasks.empty')}</p>
      ) : (
        <ul className="dc-list" data-testid="tasks">
          {tasks.data.map((task) => (
            <TaskRow key={task.id} task={task} />
          ))}
        </ul>
      )}
    </section>
  );
}
