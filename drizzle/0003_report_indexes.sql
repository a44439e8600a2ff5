CREATE INDEX "calls_company_started_client_idx" ON "calls" USING btree ("company_id","started_at","client_id");--> statement-breakpoint
CREATE INDEX "deals_company_opened_idx" ON "deals" USING btree ("company_id","opened_at");--> statement-breakpoint
CREATE INDEX "deals_company_closed_idx" ON "deals" USING btree ("company_id","closed_at");--> statement-breakpoint
CREATE INDEX "payments_company_deal_idx" ON "payments" USING btree ("company_id","deal_id");--> statement-breakpoint
CREATE INDEX "recommendations_company_created_idx" ON "recommendations" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "telegram_links_code_idx" ON "telegram_links" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "telegram_links_chat_idx" ON "telegram_links" USING btree ("chat_id");