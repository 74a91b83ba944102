-- A user's public-holiday region (`US`, `DE-BY`), whose holidays their business calendar adds to `holidays`.
ALTER TABLE `users` ADD `holiday_region` text;
