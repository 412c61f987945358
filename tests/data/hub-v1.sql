-- A hub database as the hub of 2026-12-05 (schema version 1, commit b06171c) left it:
-- `workstation-hub serve` started and stopped once (every feature made its tables), then a
-- few rows added. Produced by conn.iterdump(); user_version added by hand at the end.
BEGIN TRANSACTION;
CREATE TABLE "audit" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT,
   "actor" TEXT,
   "action" TEXT,
   "target" TEXT,
   "detail" TEXT
);
INSERT INTO "audit" VALUES(1,'2026-12-05T01:45:27.018Z','admin','user_added','kari','counsellor');
INSERT INTO "audit" VALUES(2,'2026-12-05T01:45:27.270Z','admin','user_added','ola','counsellor');
INSERT INTO "audit" VALUES(3,'2026-12-05T01:45:27.531Z','admin','user_added','lead','counsellor,shift_lead');
INSERT INTO "audit" VALUES(4,'2026-12-05T01:45:27.839Z','admin','user_added','lead2','counsellor,shift_lead');
INSERT INTO "audit" VALUES(5,'2026-12-05T01:45:28.096Z','admin','user_added','sup','supervisor');
INSERT INTO "audit" VALUES(6,'2026-12-05T01:45:28.369Z','admin','user_added','trainer','trainer');
INSERT INTO "audit" VALUES(7,'2026-12-05T01:45:28.615Z','admin','user_added','admin','admin');
INSERT INTO "audit" VALUES(8,'2026-12-05T01:00:00.000Z','kari','accept','c-1','');
CREATE TABLE callback_requests (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        number BLOB NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT
    );
CREATE TABLE contact_stats (
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        assigned_at TEXT,
        closed_at TEXT,
        status TEXT NOT NULL,
        abandoned INTEGER NOT NULL,
        categories TEXT NOT NULL,
        wanted TEXT NOT NULL,
        actions TEXT NOT NULL,
        contact_by TEXT,
        age_band TEXT,
        gender TEXT,
        silent INTEGER
    );
INSERT INTO "contact_stats" VALUES('chat','2026-12-05T01:00:00.000Z','2026-12-05T01:00:00.000Z','2026-12-05T01:00:00.000Z','closed',0,'[]','[]','[]',NULL,NULL,NULL,0);
CREATE TABLE "conversations" (
   "id" TEXT PRIMARY KEY,
   "channel" TEXT,
   "lang" TEXT,
   "created_at" TEXT,
   "status" TEXT,
   "assigned_user" TEXT,
   "assigned_at" TEXT,
   "closed_at" TEXT,
   "token_hash" TEXT,
   "flags" TEXT
);
INSERT INTO "conversations" VALUES('c-1','chat','nb','2026-12-05T01:00:00.000Z','assigned','kari','2026-12-05T01:00:00.000Z',NULL,'th-1','[]');
CREATE TABLE desk_calls (
    conversation TEXT PRIMARY KEY,
    call TEXT NOT NULL,
    number TEXT,
    via TEXT NOT NULL,
    state TEXT NOT NULL,
    offered_at TEXT NOT NULL,
    answered_at TEXT,
    ended_at TEXT
);
CREATE TABLE desk_canned (
    id TEXT PRIMARY KEY,
    item TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO "desk_canned" VALUES('own-1','{"title":"Hei","text":"Hei!"}','2026-12-05T01:00:00.000Z','lead');
CREATE TABLE desk_capacity (
    user TEXT PRIMARY KEY,
    limits TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO "desk_capacity" VALUES('kari','{"chat":2}','2026-12-05T01:00:00.000Z','lead');
CREATE TABLE desk_sms_threads (
    thread TEXT PRIMARY KEY,
    conversation TEXT NOT NULL UNIQUE
);
CREATE TABLE desk_summaries (
    conversation TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    categories TEXT NOT NULL,
    silent INTEGER NOT NULL,
    user TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
INSERT INTO "desk_summaries" VALUES('c-1','{}','[]',0,'kari','2026-12-05T01:00:00.000Z');
CREATE TABLE "events" (
   "conversation" TEXT REFERENCES "conversations"("id"),
   "seq" INTEGER,
   "at" TEXT,
   "kind" TEXT,
   "sender" TEXT,
   "client_id" TEXT,
   "data" TEXT,
   PRIMARY KEY ("conversation", "seq")
);
INSERT INTO "events" VALUES('c-1',1,'2026-12-05T01:00:00.000Z','opened',NULL,NULL,'{"channel":"chat"}');
INSERT INTO "events" VALUES('c-1',2,'2026-12-05T01:00:00.000Z','message','contact','m-1','{"text":"hei"}');
INSERT INTO "events" VALUES('c-1',3,'2026-12-05T01:00:00.000Z','assigned',NULL,NULL,'{"user":"kari"}');
CREATE TABLE practice_attempts (
        id TEXT PRIMARY KEY,
        replay TEXT NOT NULL REFERENCES replays (id) ON DELETE CASCADE,
        trainee TEXT NOT NULL,
        event INTEGER NOT NULL,
        offset_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
CREATE TABLE replay_annotations (
        id TEXT PRIMARY KEY,
        replay TEXT NOT NULL REFERENCES replays (id) ON DELETE CASCADE,
        offset_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
CREATE TABLE replay_sources (conversation TEXT PRIMARY KEY);
CREATE TABLE replays (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        channel TEXT NOT NULL,
        duration_s INTEGER NOT NULL,
        data TEXT NOT NULL
    );
CREATE TABLE report_reminders (
        id TEXT PRIMARY KEY,
        report TEXT NOT NULL REFERENCES reports (id),
        conversation TEXT NOT NULL,
        due TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT,
        done_by TEXT,
        done_request TEXT
    );
CREATE TABLE report_versions (
        report TEXT NOT NULL REFERENCES reports (id),
        version INTEGER NOT NULL,
        author TEXT NOT NULL,
        template TEXT NOT NULL,
        data TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL,
        comment TEXT,
        reviewed_by TEXT,
        reviewed_at TEXT,
        review_request TEXT,
        PRIMARY KEY (report, version)
    );
CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        template TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        final_version INTEGER,
        final_text TEXT,
        final_hash TEXT,
        template_version INTEGER,
        template_sha256 TEXT,
        approved_by TEXT,
        approved_at TEXT,
        approve_request TEXT
    );
CREATE TABLE request_answers (
    principal TEXT NOT NULL,
    request_id TEXT NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    created TEXT,
    answer TEXT,
    PRIMARY KEY (principal, request_id)
);
INSERT INTO "request_answers" VALUES('kari','r-1','accept','2026-12-05T01:00:00.000Z',NULL,'{"ok":true}');
CREATE TABLE "sessions" (
   "token_hash" TEXT PRIMARY KEY,
   "user" TEXT,
   "expires_at" TEXT
, id TEXT, created_at TEXT);
CREATE TABLE "settings" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
);
CREATE TABLE time_policies (
    channel TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL,
    soft_s INTEGER NOT NULL,
    hard_s INTEGER NOT NULL,
    min_queue INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO "time_policies" VALUES('chat',1,1800,3600,3,'2026-12-05T01:00:00.000Z','lead');
CREATE TABLE user_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    change TEXT NOT NULL
);
INSERT INTO "user_changes" VALUES(1,'2026-12-05T01:45:27.018Z','kari','added');
INSERT INTO "user_changes" VALUES(2,'2026-12-05T01:45:27.270Z','ola','added');
INSERT INTO "user_changes" VALUES(3,'2026-12-05T01:45:27.531Z','lead','added');
INSERT INTO "user_changes" VALUES(4,'2026-12-05T01:45:27.839Z','lead2','added');
INSERT INTO "user_changes" VALUES(5,'2026-12-05T01:45:28.096Z','sup','added');
INSERT INTO "user_changes" VALUES(6,'2026-12-05T01:45:28.369Z','trainer','added');
INSERT INTO "user_changes" VALUES(7,'2026-12-05T01:45:28.615Z','admin','added');
CREATE TABLE "users" (
   "name" TEXT PRIMARY KEY,
   "display_name" TEXT,
   "roles" TEXT,
   "password_hash" TEXT,
   "created_at" TEXT
, disabled INTEGER NOT NULL DEFAULT 0);
INSERT INTO "users" VALUES('kari','Kari','["counsellor"]','$argon2id$v=19$m=65536,t=3,p=4$b0zQIDPZ7QIWw9UfR12oyQ$1/Aamq4rEs7WbEiNHwKFY4gKmQFi1WvMI6vamjdtjXE','2026-12-05T01:45:27.017Z',0);
INSERT INTO "users" VALUES('ola','Ola','["counsellor"]','$argon2id$v=19$m=65536,t=3,p=4$sov2fia23lNsG+NTK78M0A$05SGUC7DLJbc1L5LNYjfbH92VYWRe2jqQ+dFEmB2dSM','2026-12-05T01:45:27.270Z',0);
INSERT INTO "users" VALUES('lead','Vaktleder Vera','["counsellor", "shift_lead"]','$argon2id$v=19$m=65536,t=3,p=4$MTTW5DIZUrvwBeEV3uAwDw$Zi5bJqxwLN+SgeRonfgxDpV174ovwdmwT3utgKbkHqI','2026-12-05T01:45:27.531Z',0);
INSERT INTO "users" VALUES('lead2','Vaktleder Per','["counsellor", "shift_lead"]','$argon2id$v=19$m=65536,t=3,p=4$XYNoyTY5TrHmvWRANii1kQ$5ky85KCbXul9w/caxikPuhxzK2mVmZ40giBxn9opkko','2026-12-05T01:45:27.839Z',0);
INSERT INTO "users" VALUES('sup','Siri Supervisor','["supervisor"]','$argon2id$v=19$m=65536,t=3,p=4$gWL3Uc/c6cwy2ivQYVA+/g$6lksVGtL/aoJmep9zLpvIBUNmS8RiNiaFw4V2DfVa2o','2026-12-05T01:45:28.096Z',0);
INSERT INTO "users" VALUES('trainer','Trond Trener','["trainer"]','$argon2id$v=19$m=65536,t=3,p=4$jyVMkwsV1tezZ5teVHCt9g$1QBmEsqjKWyjUZ9Qr8V2pNwKqYsjoFn7WYRuF1gztNY','2026-12-05T01:45:28.369Z',0);
INSERT INTO "users" VALUES('admin','Ada Admin','["admin"]','$argon2id$v=19$m=65536,t=3,p=4$oR0WRYuC6pj302xBvbGjIA$R7AkrmvvZaHxixvc5Vxwp/hzice2MiHx6ud04UwgsRU','2026-12-05T01:45:28.615Z',0);
CREATE UNIQUE INDEX "idx_conversations_token_hash"
    ON "conversations" ("token_hash");
CREATE INDEX "idx_conversations_status"
    ON "conversations" ("status");
CREATE UNIQUE INDEX "idx_events_conversation_sender_client_id"
    ON "events" ("conversation", "sender", "client_id");
CREATE INDEX request_answers_at ON request_answers (at);
CREATE UNIQUE INDEX sessions_id ON sessions (id);
CREATE INDEX sessions_user ON sessions (user);
CREATE INDEX contact_stats_created ON contact_stats (created_at);
CREATE INDEX callback_requests_created ON callback_requests (created_at);
CREATE INDEX replays_created ON replays (created_at);
CREATE INDEX replay_annotations_replay ON replay_annotations (replay);
CREATE INDEX practice_attempts_replay ON practice_attempts (replay, trainee);
CREATE INDEX reports_conversation ON reports (conversation);
CREATE TRIGGER reports_final_update BEFORE UPDATE ON reports
        WHEN OLD.status = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report cannot change'); END;
CREATE TRIGGER reports_final_delete BEFORE DELETE ON reports
        WHEN OLD.status = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report cannot be deleted'); END;
CREATE TRIGGER report_versions_approved BEFORE UPDATE ON report_versions
        WHEN OLD.status = 'approved'
        BEGIN SELECT RAISE(ABORT, 'an approved version cannot change'); END;
CREATE TRIGGER report_versions_after_final BEFORE INSERT ON report_versions
        WHEN (SELECT status FROM reports WHERE id = NEW.report) = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report gets no new versions'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('user_changes',7);
COMMIT;
PRAGMA user_version=1;
