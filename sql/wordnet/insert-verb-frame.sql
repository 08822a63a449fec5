INSERT INTO verb_frames (wnid, frame_number, word_number) VALUES (@wnid, @frame_number, @word_number);
